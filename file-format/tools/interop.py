"""Reads the files written by dev.awsconnectors.format.bench.SampleFiles with other readers: pyarrow and DuckDB
(Parquet, CSV, JSONL) and fastavro (Avro: snappy, xz through Python's lzma, zstandard through python-zstandard).
Not part of the build. Usage (see docs/file-formats.md):

  ./run-benchmark.sh sample-files /tmp/sample-files
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow duckdb fastavro cramjam zstandard
  /tmp/venv/bin/python file-format/tools/interop.py /tmp/sample-files
"""
import glob, sys, gzip, json
import pyarrow.parquet as pq
import duckdb
d = sys.argv[1]
for f in sorted(glob.glob(d + "/*.parquet")):
    t = pq.read_table(f)
    md = pq.ParquetFile(f).metadata
    codecs = {md.row_group(0).column(i).compression for i in range(md.row_group(0).num_columns)}
    rows = t.slice(0, 2).to_pylist()  # row 3 has years -43 and 10000, beyond Python datetime
    print(f.split('/')[-1], "pyarrow rows", t.num_rows, "codecs", codecs,
          "| updated_at", t.schema.field("updated_at").type, "local_at", t.schema.field("local_at").type,
          "born", t.schema.field("born").type)
    r0, r1 = rows[0], rows[1]
    print("   r0 id", r0["id"], "big", r0["big"], "updated_at", r0["updated_at"], "local_at", r0["local_at"],
          "born", r0["born"], "opens", r0["opens"], "tags", r0["tags"], "zip", r0["address"]["zip"],
          "either", r0["either"], "_1_1", r0["_1_1"])
    print("   r1 additional", r1["_airbyte_additional_properties"], "meta", rows[0]["_airbyte_meta"])
    con = duckdb.connect()
    print("   duckdb", con.execute(f"select count(*), max(id), min(updated_at)::varchar, any_value(address.geo.lat) from read_parquet('{f}')").fetchall())
con = duckdb.connect()
print("csv", con.execute(f"select count(*), any_value(_airbyte_raw_id) from read_csv('{d}/samples.csv')").fetchall())
print("csv flat columns", [c[0] for c in con.execute(f"describe select * from read_csv('{d}/samples-flat.csv')").fetchall()][:8])
print("jsonl", con.execute(f"select count(*), any_value(json_extract(json, '$._airbyte_data.id')) from read_ndjson_objects('{d}/samples.jsonl.gz')").fetchall())
import fastavro, io, zstandard
import fastavro._read_py as _r
from fastavro._read_py import read_long
def _zstd(decoder):
    data = decoder.read_fixed(read_long(decoder))
    return io.BytesIO(zstandard.ZstdDecompressor().decompressobj().decompress(data))
_r.BLOCK_READERS["zstandard"] = _zstd
for f in sorted(glob.glob(d + "/*.avro")):
    with open(f, "rb") as fh:
        reader = _r.reader(fh)
        import itertools; rows = list(itertools.islice(reader, 3))  # row 3: year -43, beyond Python dates
        print(f.split('/')[-1], "fastavro rows", len(rows), "codec", reader.codec, "| r0 updated_at", rows[0]["updated_at"],
              "born", rows[0]["born"], "choice", rows[0]["choice"]["type"], "r2 additional keys", sorted(rows[2]["_airbyte_additional_properties"])[:4])
