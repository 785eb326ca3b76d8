"""The viewer side of a distribution: its viewer certificate and the ACM certificate
behind it."""

from __future__ import annotations

from edgelint.model.base import Node, models


@models("aws_acm_certificate", standalone=False)
class Certificate(Node):
    """An ACM certificate (also looked up by ``data "aws_acm_certificate"``)."""


@models("aws_acm_certificate_validation", standalone=False)
class CertificateValidation(Node):
    """The validation of an ACM certificate, whose ``certificate_arn`` names it."""


class ViewerCertificate(Node):
    """A distribution's ``viewer_certificate`` block."""

    @property
    def custom(self) -> bool | None:
        """True when an ACM or IAM certificate is set, False when neither is, None when
        that is not known. An ARN whose value edgelint cannot see (a required variable)
        is still a custom certificate: the argument is present."""
        sets = [self.is_present("acm_certificate_arn"), self.is_present("iam_certificate_id")]
        if True in sets:
            return True
        return False if sets == [False, False] else None

    @property
    def is_default(self) -> bool | None:
        """Whether viewers get CloudFront's own ``*.cloudfront.net`` certificate."""
        if self.flag("cloudfront_default_certificate") is True:
            return True
        custom = self.custom
        return None if custom is None else not custom

    @property
    def certificate(self) -> Node | None:
        """The ACM certificate (resource or data source) ``acm_certificate_arn``
        refers to, when it is in the configuration; through a certificate validation,
        the certificate it validates (or the validation, when that is not visible)."""
        arn = self.reference("acm_certificate_arn")
        target = self.stack.object_for(arn)
        if target is None:
            return None
        if CertificateValidation.named_by(arn):
            behind = target.reference("certificate_arn")
            if behind is not None and Certificate.named_by(behind, data_source=True):
                return self.stack.object_for(behind) or target
            return target
        return target if Certificate.named_by(arn, data_source=True) else None
