"""Models of this app arrive with the capability that needs them."""
