"""Argon2id hashing: salted, verifiable, never raising on garbage; weak passwords refused."""

from __future__ import annotations

import pytest

from hedui.errors import InvalidInputError
from hedui.store.passwords import (
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)


def test_hash_password_is_salted_argon2id() -> None:
    first, second = hash_password("同一个密码"), hash_password("同一个密码")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "同一个密码") and verify_password(second, "同一个密码")
    assert not needs_rehash(first)


def test_verify_password_is_false_for_wrong_password_or_corrupt_hash() -> None:
    assert not verify_password(hash_password("right-one"), "wrong-one")
    assert not verify_password("not a hash", "anything")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345678", "至少需要 10 个字符"),
        ("short-1", "至少需要 10 个字符"),
        ("13812345678", "全是数字"),  # a phone number
        ("19900307" + "12", "全是数字"),  # a birthday
        ("aaaaaaaaaaaa", "同一个字符"),
        ("Password123", "太常见"),  # compared without case
        ("qwertyuiop", "太常见"),
        ("woaini1314", "太常见"),
        ("WangFang2024", "与用户名相同"),
        ("x" * 100 + "y" * 29, "最多 128 个字符"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        check_password_strength(password, username=" wangfang2024 ")


@pytest.mark.parametrize(
    "password", ["password-123", "hedui-demo-2025", "村里的密码是红旗渠水", "8 horses run"]
)
def test_ordinary_strong_passwords_are_accepted(password: str) -> None:
    check_password_strength(password, username="王芳")
