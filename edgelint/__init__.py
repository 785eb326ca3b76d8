"""edgelint: static analysis of Terraform for AWS edge stacks.

Kept import-free so that ``edgelint --version`` costs nothing beyond Python itself.
"""

__version__ = "0.1.0"
