"""Where the engine's rows land: which Django model holds each table (ours, or a project's own), and each
column's wire kind and source, read from the model's ``_meta`` (``inspect``) into plain values (``layout``)
that travel to every process through the database."""
