-- Each customer's ten most recent events of each type, kept by the event store in the
-- event's transaction: recency 1 is the latest. "Did X at least N times within D days"
-- is then "her N-th latest X is within D days", one range of an index, instead of
-- grouping every event of that type by customer at each preview.
create table customer_event_recent (
    customer_id varchar(64) not null references customer (id),
    type        varchar(64) not null,
    recency     int         not null,
    occurred_at timestamp with time zone not null,
    primary key (customer_id, type, recency)
);
create index customer_event_recent_by_type on customer_event_recent (type, recency, occurred_at, customer_id);

insert into customer_event_recent (customer_id, type, recency, occurred_at)
select customer_id, type, recency, occurred_at
from (select customer_id, type, occurred_at,
             row_number() over (partition by customer_id, type order by occurred_at desc) as recency
      from customer_event) ranked
where recency <= 10;
