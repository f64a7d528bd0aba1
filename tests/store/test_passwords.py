"""Argon2id hashing: salted, verifiable, never raising on garbage."""

from __future__ import annotations

from hedui.store.passwords import hash_password, needs_rehash, verify_password


def test_hash_password_is_salted_argon2id() -> None:
    first, second = hash_password("同一个密码"), hash_password("同一个密码")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "同一个密码") and verify_password(second, "同一个密码")
    assert not needs_rehash(first)


def test_verify_password_is_false_for_wrong_password_or_corrupt_hash() -> None:
    assert not verify_password(hash_password("right-one"), "wrong-one")
    assert not verify_password("not a hash", "anything")
