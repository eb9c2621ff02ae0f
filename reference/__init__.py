"""The answer key: the lesson's Fashion-MNIST model as code and as a notebook."""
