// module ingest
