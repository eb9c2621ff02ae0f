"""tfcert-kit's autograder for the lesson's Fashion-MNIST exercise."""

__version__ = "0.1.0"
