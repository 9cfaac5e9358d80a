"""The FAQ: its file, its entries, and searching them."""
