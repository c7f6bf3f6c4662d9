from tickertape.sidecar import parse_sidecar, read_sidecar


def test_parse_known_keys_only() -> None:
    text = "# origin\ncategory: Markets\nurl: https://x.example/a:b\nbody: nope\n\nauthor:\n"
    assert parse_sidecar(text) == {"category": "Markets", "url": "https://x.example/a:b"}


def test_missing_sidecar_is_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert read_sidecar(tmp_path / "none.meta") == {}
