"""Triage: the decision policy, its calibration, and the service running NLU then policy on a message."""
