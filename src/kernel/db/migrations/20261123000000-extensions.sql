-- Trigram indexes make name/email search fast without a separate search engine.
create extension if not exists pg_trgm;
