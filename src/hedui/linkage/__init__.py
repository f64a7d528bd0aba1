"""Record linkage with Splink: Chinese-aware comparisons, blocking, training, clustering, evaluation."""
