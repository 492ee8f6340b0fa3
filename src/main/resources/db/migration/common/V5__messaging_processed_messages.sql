-- Messages a consumer (a Kafka consumer group) has processed, by the coordinates the message was
-- first published at: a redelivered or replayed message that is found here is not processed again.
CREATE TABLE messaging_processed_messages (
    consumer     VARCHAR(200)  NOT NULL,
    topic        VARCHAR(255)  NOT NULL,
    partition_no INTEGER       NOT NULL,
    offset_no    BIGINT        NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (consumer, topic, partition_no, offset_no)
);

-- Dead letters sent back to their topic: a replay of "all" skips those replayed before.
CREATE TABLE messaging_replays (
    topic        VARCHAR(255)  NOT NULL,
    partition_no INTEGER       NOT NULL,
    offset_no    BIGINT        NOT NULL,
    replayed_by  VARCHAR(100)  NOT NULL,
    replayed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, partition_no, offset_no)
);

-- HTTP subscriptions: the topic's messages POSTed to a callback URL.
CREATE TABLE messaging_subscriptions (
    id              VARCHAR(36)   PRIMARY KEY,
    topic           VARCHAR(255)  NOT NULL,
    callback_url    VARCHAR(2000) NOT NULL,
    rate_per_second INTEGER       NOT NULL,
    created_by      VARCHAR(100)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX messaging_subscriptions_topic ON messaging_subscriptions (topic);
