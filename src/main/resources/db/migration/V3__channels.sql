-- Where each channel reaches a customer, and what she agreed to.
alter table customer add column wechat_open_id varchar(64);
alter table customer add column wecom_external_user_id varchar(64);
alter table customer add column email varchar(200);
alter table customer add column time_zone varchar(50);
alter table customer add column marketing_consent boolean;
create unique index customer_by_wechat_open_id on customer (wechat_open_id);
create unique index customer_by_wecom_external_user_id on customer (wecom_external_user_id);

-- An unsubscribe from a channel's marketing ("回T退订", the OA unfollowed, an e-mail opt-out).
create table channel_opt_out (
    customer_id  varchar(64) not null references customer (id),
    channel      varchar(20) not null,
    opted_out_at timestamp with time zone not null,
    source       varchar(100),
    primary key (customer_id, channel)
);

-- What happened to each message, and which journey step waits for it.
alter table message add column execution_id varchar(64);
alter table message add column outcome_reason varchar(300);
alter table message add column vendor_code varchar(50);
create index message_sent_by_customer on message (customer_id, channel, category, status, sent_at);

-- One access token per vendor app for all nodes: whoever refreshes it stores it here.
create table vendor_token (
    token_key  varchar(100) primary key,
    token      varchar(2000),
    expires_at timestamp with time zone,
    version    bigint not null default 0
);

-- Whether the journey step waiting for the message was told its outcome (told after the outcome commits).
alter table message add column journey_notified boolean not null default false;
alter table vendor_token add column leased_until timestamp with time zone;
