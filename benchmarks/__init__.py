"""Speed benchmarks, measured side by side in one run (`make bench`)."""
