"""Demo enrolments (order 50, after the catalog): filled in below."""


def seed_enrollments(say) -> None:
    say("enrollments: nothing yet")
