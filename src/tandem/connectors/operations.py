"""The operations the demo connector answers: their parameters, result fields and closed value sets.

The built-in packs declare the ones their flows call in their connectors.yaml (a unit test keeps both equal)."""

OPERATION_PARAMS: dict[str, tuple[str, ...]] = {
    "get_order": ("order_id",),
    "change_delivery_address": ("order_id", "address"),
    "start_return": ("order_id",),
    "cancel_order": ("order_id",),
    "refund_status": ("order_id",),
    "track_parcel": ("tracking_number",),
    "reschedule_delivery": ("tracking_number", "date"),
    "pickup_point": ("tracking_number",),
    "get_account": ("phone",),
    "get_bill": ("phone",),
    "data_balance": ("phone",),
    "roaming_status": ("phone",),
    "activate_sim": ("phone",),
    "password_reset": ("email",),
}

OPERATION_FIELDS: dict[str, tuple[str, ...]] = {
    "get_order": (
        "order_id",
        "email",
        "status",
        "carrier",
        "tracking_number",
        "eta",
        "total",
        "currency",
        "items",
        "postcode",
    ),
    "change_delivery_address": ("order_id", "address", "result"),
    "start_return": ("order_id", "return_id", "deadline", "label_url"),
    "cancel_order": ("order_id", "result"),
    "refund_status": ("order_id", "refund_status", "amount", "currency", "refund_date"),
    "track_parcel": ("tracking_number", "carrier", "status", "location", "eta", "email", "postcode"),
    "reschedule_delivery": ("tracking_number", "date", "result"),
    "pickup_point": ("tracking_number", "point_name", "point_address", "opening_hours"),
    "get_account": ("phone", "email", "plan", "customer_name"),
    "get_bill": ("phone", "amount", "currency", "due_date", "period"),
    "data_balance": ("phone", "used_gb", "plan_gb", "remaining_gb", "reset_date"),
    "roaming_status": ("phone", "roaming", "zone", "price_per_gb"),
    "activate_sim": ("phone", "result"),
    "password_reset": ("email", "result"),
}

# The closed sets of values some result fields take; packs label them (`<field>_label`).
OPERATION_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "get_order": {"status": ("processing", "shipped", "delivered", "cancelled")},
    "change_delivery_address": {"result": ("updated", "too_late")},
    "cancel_order": {"result": ("cancelled", "too_late")},
    "refund_status": {"refund_status": ("none", "pending", "refunded")},
    "track_parcel": {
        "status": (
            "label_created",
            "in_transit",
            "out_for_delivery",
            "delivered",
            "at_pickup_point",
            "exception",
        )
    },
    "reschedule_delivery": {"result": ("rescheduled", "too_late")},
    "roaming_status": {"roaming": ("enabled", "disabled")},
    "activate_sim": {"result": ("activated", "already_active")},
    "password_reset": {"result": ("sent",)},
}
