-- What each customer bought, kept with her orders (written in the same transaction as
-- the order), so segments on orders read one row per customer, or per customer and SKU,
-- instead of grouping every order of every customer at each preview.
create table customer_purchase (
    customer_id    varchar(64)    primary key references customer (id),
    orders         int            not null,
    spent          numeric(14, 2) not null,
    first_order_at timestamp with time zone not null,
    last_order_at  timestamp with time zone not null
);

create table customer_product (
    customer_id    varchar(64)  not null references customer (id),
    sku            varchar(100) not null,
    orders         int          not null,
    last_bought_at timestamp with time zone not null,
    primary key (customer_id, sku)
);
create index customer_product_by_sku on customer_product (sku, last_bought_at, customer_id);

insert into customer_purchase (customer_id, orders, spent, first_order_at, last_order_at)
select customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at)
from customer_order group by customer_id;

insert into customer_product (customer_id, sku, orders, last_bought_at)
select o.customer_id, i.sku, count(distinct o.id), max(o.ordered_at)
from customer_order o join order_item i on i.order_id = o.id
group by o.customer_id, i.sku;
