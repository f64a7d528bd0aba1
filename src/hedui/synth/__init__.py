"""A synthetic county with ground truth: population, events, sources and their errors."""
