from pathlib import Path

import jinja2

from tickertape.cache import CleanCache
from tickertape.template_code import KIND, environment_digest, use_cached_code


def _env(folder: Path, **options: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)  # noqa: S701


def test_a_second_environment_loads_the_compiled_template(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{% for x in items %}<b>{{ x }}</b>{% endfor %}\n")
    cache = CleanCache(tmp_path / "c.sqlite")
    first, second = _env(tmp_path), _env(tmp_path)
    made, taken = use_cached_code(first, cache), use_cached_code(second, cache)
    assert made is not None and taken is not None and made.kind == taken.kind
    assert first.get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    assert (made.stored, made.loaded) == (1, 0)
    assert second.get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    assert (taken.stored, taken.loaded) == (0, 1)


def test_compiled_code_follows_source_and_options(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("  {% if yes %}\nyes\n  {% endif %}\n")
    cache = CleanCache(tmp_path / "c.sqlite")
    plain = _env(tmp_path)
    use_cached_code(plain, cache)
    assert plain.get_template("page.html").render(yes=True) == "  \nyes\n  "
    # Other syntax options compile to other code: another kind of row.
    trimmed = _env(tmp_path, trim_blocks=True, lstrip_blocks=True)
    assert environment_digest(trimmed) != environment_digest(plain)
    code = use_cached_code(trimmed, cache)
    assert code is not None
    assert trimmed.get_template("page.html").render(yes=True) == "yes\n"
    assert code.loaded == 0 and code.stored == 1
    # The rows of the first options were dropped when the second took over.
    assert not cache.all_derived(f"{KIND}:{environment_digest(plain)}")
    # An edited template is compiled again, not taken from the cache.
    page.write_text("{% if yes %}edited{% endif %}")
    again = _env(tmp_path, trim_blocks=True, lstrip_blocks=True)
    code = use_cached_code(again, cache)
    assert code is not None
    assert again.get_template("page.html").render(yes=True) == "edited"
    assert code.loaded == 0 and code.stored == 1
    # Unchanged, it is loaded.
    last = _env(tmp_path, trim_blocks=True, lstrip_blocks=True)
    code = use_cached_code(last, cache)
    assert code is not None
    assert last.get_template("page.html").render(yes=True) == "edited"
    assert code.loaded == 1 and code.stored == 0


def test_no_cache_or_own_cache_is_left_alone(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert use_cached_code(env, None) is None and env.bytecode_cache is None
    own = jinja2.FileSystemBytecodeCache(str(tmp_path))
    env.bytecode_cache = own
    assert use_cached_code(env, CleanCache(tmp_path / "c.sqlite")) is None
    assert env.bytecode_cache is own


def test_another_process_compiles_without_the_cache(tmp_path: Path) -> None:
    # A process forked from the build must not use the build's database connection.
    (tmp_path / "page.html").write_text("{{ 1 + 1 }}")
    env = _env(tmp_path)
    code = use_cached_code(env, CleanCache(tmp_path / "c.sqlite"))
    assert code is not None
    code.pid = -1
    assert env.get_template("page.html").render() == "2"
    assert (code.loaded, code.stored) == (0, 0)
