"""Domain packs: their data (one folder each) and the code that parses, checks and reads them."""
