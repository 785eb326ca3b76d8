"""The reference data rules rest on: one table, consistent with itself."""

import re

from edgelint.model import awsdata

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KINDS = (awsdata.CACHE_POLICY, awsdata.ORIGIN_REQUEST_POLICY, awsdata.RESPONSE_HEADERS_POLICY)


def test_managed_policy_ids_are_unique_uuids_across_kinds():
    ids = [pid for kind in KINDS for pid in awsdata.managed_policy_names(kind)]
    assert len(ids) == len(set(ids))
    assert all(UUID.match(pid) for pid in ids)
    # EDGE210 matches mistyped IDs by their first group: it must name one policy.
    first_groups = [pid.split("-")[0] for pid in ids]
    assert len(first_groups) == len(set(first_groups))


def test_data_source_names_resolve_to_the_managed_ids():
    assert awsdata.managed_policy_id_by_name(awsdata.CACHE_POLICY, "Managed-CachingOptimized") \
        == "658327ea-f89d-4fab-a63d-7e88639e58f6"
    assert awsdata.managed_policy_id_by_name(awsdata.ORIGIN_REQUEST_POLICY, "Managed-AllViewerExceptHostHeader") \
        == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    assert awsdata.managed_policy_id_by_name(awsdata.RESPONSE_HEADERS_POLICY, "Managed-SimpleCORS") \
        == "60669652-455b-4ae9-85a4-c4c02393f86c"
    # Without the prefix, or of the wrong kind, the name is some custom policy's.
    assert awsdata.managed_policy_id_by_name(awsdata.CACHE_POLICY, "CachingOptimized") is None
    assert awsdata.managed_policy_id_by_name(awsdata.CACHE_POLICY, "Managed-AllViewer") is None


def test_ttls_are_ordered_and_caching_disabled_caches_nothing():
    for facts in awsdata.MANAGED_CACHE_POLICIES.values():
        assert facts.min_ttl <= facts.default_ttl <= facts.max_ttl, facts.name
    disabled = awsdata.MANAGED_CACHE_POLICIES["4135ea2d-6df8-44a3-9df3-4b5a84be39ad"]
    assert (disabled.min_ttl, disabled.default_ttl, disabled.max_ttl) == (0, 0, 0)
