"""SQL over the tables: DuckDB views named after the tables, all read from one published version.

    >>> from extractor.query import query
    >>> query("select partnership_area, count(*) as n from documents group by 1", tables="outputs")

Every ingest table is a view (`documents`, `texts`, `blocks`, `priorities`, `statistics`,
`reviews`, `recommendations`, `links`, `table_cells`, `fetches`); a table never published is an
empty view of its declared schema, so a query never fails for want of a table. The comparison
tables (`reporting_years`, `priority_matrix`, `metric_series`, `review_register`,
`review_mentions`, `review_summary`) are views too once `extractor
compare` has written them (under `<tables>/comparison/`). `tables` may be a URI (`s3://…`): the
views then scan the current version's files through pyarrow.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from .errors import OutputError, QueryError
from .location import Location, join
from .tables import COMPARISON_FOLDER, COMPARISON_SCHEMA_VERSION, COMPARISON_SCHEMAS
from .tablestore import TableStore

READ_ONLY: dict[str, str | bool | int | float | list[str]] = {  # no file, network or extension access: a query reads the views and nothing else
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def connect(tables: Location) -> duckdb.DuckDBPyConnection:
    """A read-only in-memory DuckDB connection with one view per table under `tables` (a folder or a URI).

    The views read the Parquet files of the version current when this is called, so a query sees
    one consistent set of tables even while an ingest publishes a new one. Every file is checked
    against its version's manifest first. The views are pyarrow datasets, so DuckDB itself needs
    no file access: `COPY … TO`, `read_csv('/etc/…')`, `ATTACH` and `INSTALL` are refused."""
    store = existing_store(tables)
    comparison = TableStore(join(store.root, COMPARISON_FOLDER), COMPARISON_SCHEMAS, schema_version=COMPARISON_SCHEMA_VERSION)
    views = {**_views(store), **_views(comparison)}
    connection = duckdb.connect(config=READ_ONLY)
    for name, data in views.items():
        connection.register(name, data)
    return connection


def table_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return sorted(row[0] for row in connection.execute("select view_name from duckdb_views() where not internal").fetchall())


def query(sql: str, tables: Location = "outputs") -> pd.DataFrame:
    """The result of `sql` over the tables under `tables`, as a pandas DataFrame."""
    connection = connect(tables)
    try:
        return run(connection, sql)
    finally:
        connection.close()


def run(connection: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    try:
        return connection.execute(sql).df()
    except duckdb.Error as exc:
        problem = (str(exc).splitlines()[0] if str(exc) else type(exc).__name__).rstrip(".!")
        if isinstance(exc, duckdb.PermissionException):
            problem += " (queries are read-only: write results with --output and --format)"
        raise QueryError(sql, problem, table_names(connection)) from exc


def read_tables(tables: Location, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The ingest tables under `tables` as DataFrames, all from one published version."""
    frames = {name: table.to_pandas() for name, table in existing_store(tables).read().items()}
    return {name: frames[name] for name in (names or frames)}


def existing_store(tables: Location) -> TableStore:
    """The ingest tables; an error saying how to make them when there are none (a folder that
    does not exist, a URI where nothing was published)."""
    store = TableStore(tables)
    root = store.root
    missing = not root.is_dir() if isinstance(root, Path) else store.current_version() is None
    if missing:
        raise OutputError(f"There are no tables in {root}: run `extractor ingest --out {root}` first, or pass --tables.")
    return store


def _views(store: TableStore) -> dict[str, pa.Table | ds.Dataset]:
    """Each table of the current version as a pyarrow dataset over its checked files (an empty
    table of its schema when it has no rows or was never published)."""
    current = store.current_version()
    views: dict[str, pa.Table | ds.Dataset] = {}
    for name, schema in store.schemas.items():
        files = store.checked_files(name, current) if current is not None else []
        for path in files:
            store.verify_file(path, name)
        views[name] = store.dataset(name, current) if files else schema.empty_table()  # type: ignore[arg-type]
    return views
