-- Invite contests: a window, how many win, the prize offer; the winners frozen when the
-- window closes (the leaderboard of that moment), each with her reward code.
create table referral_contest (
    contest_key  varchar(100) primary key,
    name         varchar(200) not null,
    starts_at    timestamp with time zone not null,
    ends_at      timestamp with time zone not null,
    top_n        int          not null,
    offer        varchar(100) not null,
    created_at   timestamp with time zone not null,
    created_by   varchar(100),
    awarded_at   timestamp with time zone
);

create table referral_contest_winner (
    contest_key   varchar(100) not null references referral_contest (contest_key),
    place         int          not null,
    customer_id   varchar(64)  not null references customer (id),
    invitees      int          not null,
    reached_at    timestamp with time zone not null,
    reward_code   varchar(32)  not null,
    -- whether her prize journey started (a prize journey of hers still running does not let
    -- a second one in; her code is kept either way)
    prize_started boolean      not null,
    primary key (contest_key, place),
    constraint referral_contest_winner_once unique (contest_key, customer_id)
);

-- the leaderboard counts the invitations of a window
create index referral_by_time on referral (occurred_at);
