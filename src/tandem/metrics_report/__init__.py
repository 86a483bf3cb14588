"""The period report `tandem report live` writes: a page with the dashboard's figures and charts, self-contained."""
