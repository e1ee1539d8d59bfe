"""Reference data shipped with whofunds (gazetteers, lexicons). The sample corpus in sample/ is not installed."""
