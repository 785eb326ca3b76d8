from edgelint.model import RestApi, awsdata
from edgelint.ruleset import rule


@rule("EDGE303", "rest-api-origin-missing-stage", severity="high", tags=("cloudfront", "api-gateway", "broken"))
def rest_api_origin_missing_stage(stack):
    """
    ## What it does
    Flags an origin that is the execute-api endpoint of a REST API (API Gateway v1)
    when it has no `origin_path` and no cache behavior targeting it has a
    `path_pattern` that starts with one of the API's stage names (its
    `aws_api_gateway_stage` resources and the stage an `aws_api_gateway_deployment`
    creates with `stage_name`; under AWS provider 6, which removed `stage_name`
    from deployments, only the former). An API that goes into a module edgelint
    cannot read may get its stage there: the rule stays silent.

    ## Why is this bad?
    A REST API's default endpoint serves each stage under its name:
    `https://{id}.execute-api.{region}.amazonaws.com/{stage}/...`. Requests that
    reach it without a stage in the path match no stage and get 403 Forbidden
    (`{"message":"Forbidden"}`), for every path.

    ## Example
    ```hcl
    origin {
      domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
    }
    ```

    ## Use instead
    Put the stage in `origin_path`:
    ```hcl
    origin {
      domain_name = "${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"
      origin_id   = "api"
      origin_path = "/${aws_api_gateway_stage.prod.stage_name}"
    }
    ```

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
    - https://repost.aws/knowledge-center/api-gateway-cloudfront-distribution
    """
    for o in stack.origins():
        if o.kind != awsdata.API_GATEWAY or o.is_set("origin_path") is not False:
            continue
        if o.reference("domain_name") is not None:
            continue  # no API Gateway attribute is a hostname: EDGE301's finding comes first
        api = stack.api_of(o.target)
        if not isinstance(api, RestApi):
            continue
        behaviors = o.behaviors
        if not behaviors or any(b.generated_unknown for b in behaviors):
            continue
        patterns = [b.text("path_pattern") for b in behaviors if not b.is_default]
        if None in patterns:
            continue
        stages, complete = api.stage_names()
        prefixed = [p for p in patterns if any(p.lstrip("/").startswith(s) for s in stages)]
        if prefixed or (patterns and not complete):
            continue
        named = ", ".join(f"'{s}'" for s in sorted(stages)) or "none in this configuration"
        related = [api.related(f"the REST API {api.address} (stages: {named})")]
        related += [b.related(f"{b.label} targets {o.label}", at="path_pattern" if not b.is_default else None)
                    for b in behaviors]
        yield o.finding(f"{o.label} is {o.kind_label} of the REST API {api.address} but has no origin_path, and no "
                        "behavior targeting it has a path starting with a stage name: requests reach no stage and "
                        "get 403; set origin_path to \"/<stage>\"", related=related)

