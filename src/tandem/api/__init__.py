"""HTTP and WebSocket API: thin handlers over `services`."""
