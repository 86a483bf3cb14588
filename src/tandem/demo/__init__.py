"""Demo data: a realistic history of conversations (`tandem demo history`), so the supervisor has months to see."""
