from __future__ import annotations

import pytest

from atbalsts.accounts.models import Organisation, OrganisationKind, Role
from atbalsts.municipal import services
from tests.conftest import actor, make_user


@pytest.fixture
def other_municipal(orgs):
    org = Organisation.objects.create(name="Test other municipality", kind=OrganisationKind.MUNICIPAL_SOCIAL_SERVICE)
    return make_user("other_municipal", org, Role.MUNICIPAL_SOCIAL_WORKER)


@pytest.fixture
def mcase(people):
    """A municipal case of the test municipality, for a person it registered itself."""
    return services.open_case(actor(people["municipal"]), {
        "contact_stage": "after", "person": {"given_names": "Marta", "surname": "Ozola", "phone": "+371 29999999"}})
