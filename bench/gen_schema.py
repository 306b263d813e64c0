#!/usr/bin/env python3
"""Writes the SQL of a synthetic schema of N tables for the scale benchmark.

Each table has 8 columns, a primary key, one or two foreign keys to earlier
tables and two indexes; one table in ten has a trigger; each block of a
hundred tables has a view and a function. Deterministic: the same N gives the
same schema.

    bench/gen_schema.py N > schema.sql
"""
import sys


def main() -> None:
    n = int(sys.argv[1])
    out = sys.stdout
    out.write("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
              "BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n")
    for i in range(n):
        fks = []
        if i > 0:
            # (i * 7) % i, as this once read, is always 0: every table then
            # referenced t0, whose 2N foreign-key triggers made loading quadratic.
            fks.append(("parent_id", (i * 7) // 10))
        if i > 1:
            fks.append(("owner_id", (i * 13) % (i - 1)))
        cols = [
            "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "name text NOT NULL",
            "code varchar(32)",
            "amount numeric(12,2) DEFAULT 0",
            "created_at timestamptz NOT NULL DEFAULT now()",
            "updated_at timestamptz",
        ]
        for col, target in fks:
            cols.append(f"{col} bigint REFERENCES t{target} (id) ON DELETE CASCADE")
        while len(cols) < 8:
            cols.append(f"extra{len(cols)} integer")
        out.write(f"CREATE TABLE t{i} (\n    " + ",\n    ".join(cols) + "\n);\n")
        out.write(f"CREATE INDEX t{i}_name ON t{i} (name);\n")
        second = "parent_id" if fks else "created_at"
        out.write(f"CREATE INDEX t{i}_{second} ON t{i} ({second});\n")
        if i % 10 == 0:
            out.write(f"CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i} FOR EACH ROW EXECUTE FUNCTION touch();\n")
        if i % 100 == 99:
            out.write(f"CREATE VIEW v{i} AS SELECT id, name, amount FROM t{i} WHERE amount > 0;\n")
            out.write(f"CREATE FUNCTION f{i}(p bigint) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM t{i} WHERE id > p $$;\n")


if __name__ == "__main__":
    main()
