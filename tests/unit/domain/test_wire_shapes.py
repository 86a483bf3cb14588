"""The typed seams keep the JSON the pages, the API and the database already know, key for key."""

from datetime import UTC, datetime

from tandem.domain.conversations import Author, Conversation, ConversationStatus, Customer, Message
from tandem.domain.events import (
    AgentsEvent,
    AlertEvent,
    AssignedEvent,
    CandidatesEvent,
    CheckInEvent,
    MessageEvent,
    NullSink,
    Outbox,
    QueueEvent,
    QueueInfo,
    StatusEvent,
    SupervisorNeededEvent,
    WellbeingEvent,
)
from tandem.domain.handoff import Fact, HandoffPacket
from tandem.domain.meta import Mention, MessageMeta, Reading, SourceArticle, dump_meta, load_meta

AT = datetime(2026, 3, 2, 9, 30, 5, 120000, tzinfo=UTC)


def test_every_live_event_has_its_documented_shape() -> None:
    message = Message(7, "c1", Author.AI, "Bonjour", AT)
    assert MessageEvent(message).as_json() == {
        "type": "message",
        "conversation_id": "c1",
        "message": {
            "id": 7,
            "author": "ai",
            "text": "Bonjour",
            "created_at": "2026-03-02T09:30:05.120000Z",
            "masked": False,
        },
    }
    assert StatusEvent("c1", ConversationStatus.QUEUED, QueueInfo(2, None)).as_json() == {
        "type": "status",
        "conversation_id": "c1",
        "status": "queued",
        "queue": {"position": 2, "wait_seconds": None},
    }
    assert StatusEvent("c1", ConversationStatus.ASSIGNED).as_json()["queue"] is None
    assert AssignedEvent("c1").as_json() == {"type": "assigned", "conversation_id": "c1"}
    assert QueueEvent(3).as_json() == {"type": "queue", "length": 3}
    assert AgentsEvent().as_json() == {"type": "agents"}
    assert CandidatesEvent().as_json() == {"type": "candidates"}
    assert WellbeingEvent("break_due", AT).as_json() == {
        "type": "wellbeing",
        "break_due": True,
        "reason": "break_due",
        "break_due_at": "2026-03-02T09:30:05.120000Z",
    }
    assert WellbeingEvent(None, None).as_json() == {
        "type": "wellbeing",
        "break_due": False,
        "reason": None,
        "break_due_at": None,
    }
    assert CheckInEvent("hard_contact").as_json() == {"type": "check_in", "after": "hard_contact"}
    assert AlertEvent(4, "low_check_in").as_json() == {"type": "alert", "agent_id": 4, "alert": "low_check_in"}
    assert SupervisorNeededEvent("c1").as_json() == {"type": "supervisor_needed", "conversation_id": "c1"}


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, object]]] = []

    def publish(self, channel: str, event: object) -> None:
        assert hasattr(event, "as_json")
        self.sent.append((channel, event.as_json()))


def test_the_outbox_sends_insults_masked_to_staff_only_after_flush() -> None:
    meta = load_meta({"language": "en", "intent": None, "abuse": True, "abuse_terms": ["idiots"]})
    message = Message(1, "c1", Author.CUSTOMER, "you idiots", AT, meta=meta)
    outbox, sink = Outbox(), Recorder()
    outbox.message(message, agent_id=5)
    outbox.status("c1", ConversationStatus.RESOLVED, "supervisors")
    assert sink.sent == []
    outbox.flush(sink)
    texts = {channel: event["message"]["text"] for channel, event in sink.sent if event["type"] == "message"}
    assert texts == {"conversation:c1": "you idiots", "supervisors": "you •••••", "agent:5": "you •••••"}
    statuses = [channel for channel, event in sink.sent if event["type"] == "status"]
    assert statuses == ["conversation:c1", "supervisors"]
    outbox.flush(NullSink())  # already sent: nothing is sent twice
    assert len(sink.sent) == 5


def test_the_supervisors_hear_of_a_conversation_kept_for_them_only_while_it_waits() -> None:
    kept = Conversation("c1", "ecommerce", "en", Customer("Jo"), AT, ConversationStatus.QUEUED, supervisor_only=True)
    outbox, sink = Outbox(), Recorder()
    outbox.supervisor_needed(kept)
    outbox.supervisor_needed(Conversation("c2", "ecommerce", "en", Customer("Al"), AT, ConversationStatus.QUEUED))
    outbox.supervisor_needed(Conversation("c3", "ecommerce", "en", Customer("Bo"), AT, supervisor_only=True))
    outbox.flush(sink)
    assert sink.sent == [("supervisors", {"type": "supervisor_needed", "conversation_id": "c1"})]


def test_message_meta_keeps_its_flat_stored_form() -> None:
    stored = {
        "language": "fr",
        "intent": "order_status",
        "confidence": 0.9781,
        "entities": [{"kind": "order_id", "value": "100234", "text": "100234"}],
        "sentiment": -0.2,
        "frustration": 0.1,
        "abuse": False,
        "abuse_terms": [],
        "decision": "answer",
        "reasons": ["confident"],
    }
    meta = load_meta(stored)
    assert meta.intent == "order_status" and meta.entities == (Mention("order_id", "100234", "100234"),)
    assert dump_meta(meta) == stored
    reply = {"phrased_by": "llm", "article": {"id": "a", "title": "T", "body": "B"}, "reply_to": 3}
    assert load_meta(reply) == MessageMeta(reply_to=3, phrased_by="llm", article=SourceArticle("a", "T", "B"))
    assert dump_meta(load_meta(reply)) == reply
    assert dump_meta(MessageMeta(routing=("skills",))) == {"routing": ["skills"]}
    assert load_meta({}) == MessageMeta() and MessageMeta().reasons == () and MessageMeta().sentiment == 0.0
    read = Reading("en", None, 0.0, abuse=True, abuse_terms=("idiots",))
    assert load_meta(dump_meta(MessageMeta(reading=read))).abuse_terms == ("idiots",)


def test_the_handoff_packet_keeps_its_json_and_reads_it_back() -> None:
    packet = HandoffPacket(
        reasons=("asked_for_human",),
        intents=("order_status",),
        language="en",
        entities=(Mention("order_id", "100234", "#100234"),),
        question="where is 100234",
        summary="Jane asked about: order status.",
        ai_tried=("Your order is on its way.",),
        sentiment_trail=(0.0, -0.5),
        facts=(Fact("order_status", (("status", "shipped"),)),),
        priority=1,
    )
    data = packet.as_json()
    assert list(data) == [
        "reasons",
        "intents",
        "language",
        "entities",
        "question",
        "summary",
        "ai_tried",
        "sentiment_trail",
        "facts",
        "priority",
    ]
    assert data["facts"] == [{"source": "order_status", "fields": {"status": "shipped"}, "verified": True}]
    assert data["entities"] == [{"kind": "order_id", "value": "100234", "text": "#100234"}]
    assert HandoffPacket.from_json(data) == packet
    written = HandoffPacket.from_json({**data, "summary": "model's words", "offline_summary": "facts"})
    assert written.as_json()["offline_summary"] == "facts"
