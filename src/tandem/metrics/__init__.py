"""What supervisors are shown about the service as a whole: containment, escalations, queue, waits, CSAT."""
