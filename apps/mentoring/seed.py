"""Demo mentoring data (seed_demo step 60); the programmes, pairs and projects follow in the seed commit."""


def seed_mentoring(say):
    say("  mentoring: belum ada data demo")
