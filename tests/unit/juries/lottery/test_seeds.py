"""The draw's seed and the hash announced before the draw."""

from consult.juries.lottery import seeds


def test_the_announced_hash_commits_to_the_seed():
    seed = seeds.new_seed()
    assert seed > 0
    assert seeds.seed_hash(seed) == seeds.seed_hash(str(seed))
    assert seeds.seed_hash(seed) != seeds.seed_hash(seed + 1)
    assert len(seeds.seed_hash(seed)) == 64
