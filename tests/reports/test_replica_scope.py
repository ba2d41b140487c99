"""With a read replica (ADR 0021) the report's rows are read in the replica scope; the access
check and the audit trail are not."""

from atbalsts.lib.dbrouter import in_replica_scope

OCT = "start=01.10.2026&end=31.10.2026"


class RecordingRouter:
    """Notes every read and whether it was in the replica scope; routes nothing itself."""

    seen: list[tuple[str, bool]] = []

    def db_for_read(self, model, **hints):
        self.seen.append((model._meta.label, in_replica_scope()))
        return None


def test_the_report_rows_are_read_in_the_replica_scope_and_nothing_else_is(people, sample, login, settings):
    RecordingRouter.seen = []
    settings.DATABASE_ROUTERS = [f"{__name__}.RecordingRouter"]
    http = login(people["sw"])
    http.cookies["django_language"] = "en"
    response = http.get(f"/reports/?{OCT}")
    assert response.status_code == 200
    assert sample["mine"].case_number in response.content.decode()

    in_scope = {label for label, scoped in RecordingRouter.seen if scoped}
    assert {"rehabilitation.Course", "rehabilitation.ServiceEntry", "rehabilitation.AftercareEntry"} <= in_scope
    # The signed-in user, the memberships and the audit chain are read outside it, on the primary.
    outside = {label for label, scoped in RecordingRouter.seen if not scoped}
    assert "accounts.User" in outside
    assert not in_scope & {"accounts.User", "accounts.Membership", "audit.AuditEvent"}
    assert not in_replica_scope()
