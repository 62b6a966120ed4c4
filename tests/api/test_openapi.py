"""The API describes itself in OpenAPI, as JSON; the interactive docs page is off (its
scripts break the site's Content-Security-Policy)."""

from django.urls import reverse


def test_the_openapi_description_loads_and_lists_every_endpoint(client):
    response = client.get(reverse("api:v1:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for what in ["", "/ratings", "/actions", "/changes", "/rounds", "/scorecard", "/finance"]:
        assert f"/api/v1/plans/{{slug}}{what}" in paths, what
        if what:
            assert f"/api/v1/plans/{{slug}}{what}.csv" in paths, what
    assert {"/api/v1/plans", "/api/v1/plans.csv"} <= paths


def test_only_get_is_described(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {method for ops in schema["paths"].values() for method in ops} == {"get"}


def test_every_endpoint_asks_for_a_bearer_token(client):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    for ops in schema["paths"].values():
        assert ops["get"]["security"] == [{"TokenAuth": []}]


def test_the_change_logs_filters_are_described(client):
    schema = client.get("/api/v1/openapi.json").json()
    params = schema["paths"]["/api/v1/plans/{slug}/changes"]["get"]["parameters"]
    names = {p["name"] for p in params}
    assert {"since", "until", "action", "field", "person", "page", "page_size"} <= names


def test_the_interactive_docs_page_is_not_served(client):
    assert client.get("/api/v1/docs").status_code == 404
