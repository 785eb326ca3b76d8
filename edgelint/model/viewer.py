"""The viewer side of a distribution: its viewer certificate."""

from __future__ import annotations

from edgelint.model.base import Node


class ViewerCertificate(Node):
    """A distribution's ``viewer_certificate`` block."""

    @property
    def custom(self) -> bool | None:
        """True when an ACM or IAM certificate is certainly set, False when neither
        is, None when that is not known."""
        sets = [self.is_set("acm_certificate_arn"), self.is_set("iam_certificate_id")]
        if True in sets:
            return True
        return False if sets == [False, False] else None

    @property
    def is_default(self) -> bool | None:
        """Whether viewers get CloudFront's own ``*.cloudfront.net`` certificate."""
        if self.value("cloudfront_default_certificate").known is True:
            return True
        custom = self.custom
        return None if custom is None else not custom
