-- A launch's status (GET /api/launches/{id}; the console's launch list looks at the 50 latest
-- launches every 3 s) counts its skipped members by reason. Without this index that count read
-- every member of the launch: at 360,000 members of a million-customer launch it took 221 ms per
-- look, and its page reads were the largest of the database. With it, only the skipped members
-- are read.
create index launch_member_outcome on launch_member (launch_id, outcome, reason);
