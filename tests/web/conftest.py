from tests.rehabilitation.conftest import make_course, today  # noqa: F401
