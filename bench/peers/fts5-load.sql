-- SQLite FTS5 loader: the porter tokenizer over unicode61 (English
-- stemming), full detail (positions: phrases and NEAR work), the date as an
-- unindexed column for range filters. The CSV is prep.py's fts.csv.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE VIRTUAL TABLE a USING fts5(num UNINDEXED, id UNINDEXED, title,
  author, date UNINDEXED, body, tokenize = 'porter unicode61');
.import --csv fts.csv a
