"""SQL over the tables: DuckDB views named after the tables, all read from one published version.

    >>> from extractor.query import query
    >>> query("select partnership_area, count(*) as n from documents group by 1", tables="outputs")

Every ingest table is a view (`documents`, `texts`, `blocks`, `priorities`, `statistics`,
`reviews`, `recommendations`, `links`, `table_cells`, `fetches`); a table never published is an
empty view of its declared schema, so a query never fails for want of a table. The comparison
tables (`priority_matrix`, `metric_series`, `review_summary`) are views too once `extractor
compare` has written them (under `<tables>/comparison/`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .errors import OutputError, QueryError
from .tables import SCHEMAS
from .tablestore import TableStore


def connect(tables: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table under `tables`.

    The views read the Parquet files of the version current when this is called, so a query sees
    one consistent set of tables even while an ingest publishes a new one."""
    from .compare import COMPARISON_FOLDER, COMPARISON_SCHEMAS

    root = Path(tables)
    if not root.is_dir():
        raise OutputError(f"There are no tables in {root}: run `extractor ingest --out {root}` first, or pass --tables.")
    connection = duckdb.connect()
    _add_views(connection, root, SCHEMAS)
    _add_views(connection, root / COMPARISON_FOLDER, COMPARISON_SCHEMAS)
    return connection


def table_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return sorted(row[0] for row in connection.execute("select view_name from duckdb_views() where not internal").fetchall())


def query(sql: str, tables: Path | str = "outputs") -> pd.DataFrame:
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
        raise QueryError(sql, problem, table_names(connection)) from exc


def read_tables(tables: Path | str, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The ingest tables under `tables` as DataFrames, all from one published version."""
    root = Path(tables)
    if not root.is_dir():
        raise OutputError(f"There are no tables in {root}: run `extractor ingest --out {root}` first, or pass --tables.")
    frames = {name: table.to_pandas() for name, table in TableStore(root).read().items()}
    return {name: frames[name] for name in (names or frames)}


def _add_views(connection: duckdb.DuckDBPyConnection, root: Path, schemas: Mapping[str, pa.Schema]) -> None:
    current = (root / ".current").resolve()
    for name, schema in schemas.items():
        folder = current / name
        files = sorted(folder.glob("**/*.parquet")) if folder.is_dir() else []
        if files:
            listing = ", ".join(_sql_string(str(path)) for path in files)
            connection.execute(f'create view "{name}" as select * from read_parquet([{listing}])')
        else:
            connection.register(f"_empty_{name}", schema.empty_table())
            connection.execute(f'create view "{name}" as select * from "_empty_{name}"')


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
