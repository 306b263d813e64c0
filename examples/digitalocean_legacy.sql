-- pgconform example: the chat application's DigitalOcean database, BEFORE the migration.
--
-- This is the legacy state the founding case starts from (see DESIGN.md):
--   * public.conversations stores a whole exchange per row, in the columns
--     question / response / preview, and its id is TEXT (holding UUID strings,
--     as the application wrote str(uuid4())); session_id and user_id are TEXT too.
--   * There is no messages table, no helper functions, no trigger and no
--     conversation_stats view: creating messages failed with
--       ERROR: foreign key constraint "messages_conversation_id_fkey" cannot be implemented
--       DETAIL: Key columns "conversation_id" and "id" are of incompatible types: uuid and text.
--   * invitations, invitations_cache and questions_cache are still here although
--     invitations moved to Supabase.
--   * The 16 other tables are already in their target shape.
--
-- Check it against the target with:  pgconform check --database digitalocean --url <url>
--
-- Load into an empty database (PostgreSQL 13 or later):
--   psql -v ON_ERROR_STOP=1 -d <db> -f examples/digitalocean_legacy.sql
-- The file is plain SQL (no psql meta-commands, no COPY), so it also loads as one
-- multi-statement query. Its data is fixed (no random values).

-- ---------------------------------------------------------------------------
-- Conversations, legacy shape: one question and one response per row
-- ---------------------------------------------------------------------------

CREATE TABLE public.conversations (
    id         text PRIMARY KEY,  -- UUID strings, not uuid: the cause of the FK error
    session_id text,
    user_id    text,              -- a Supabase auth.users id
    question   text,
    response   text,
    preview    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_id_created_at_idx ON public.conversations (user_id, created_at);

-- ---------------------------------------------------------------------------
-- Billing
-- ---------------------------------------------------------------------------

CREATE TABLE public.billing_plans (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                  text NOT NULL UNIQUE,
    name                  text NOT NULL,
    monthly_price         numeric(10,2) NOT NULL,
    currency              char(3) NOT NULL DEFAULT 'EUR',
    monthly_request_quota integer,          -- NULL: unlimited
    monthly_token_quota   bigint,           -- NULL: unlimited
    features              jsonb NOT NULL DEFAULT '{}',
    is_active             boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.user_billing_info (
    user_id              uuid PRIMARY KEY,  -- a Supabase auth.users id
    plan_id              uuid NOT NULL REFERENCES public.billing_plans (id),
    stripe_customer_id   text UNIQUE,
    billing_email        text NOT NULL,
    country_code         char(2),
    vat_number           text,
    current_period_start date,
    current_period_end   date,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.monthly_invoices (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    invoice_number  text NOT NULL UNIQUE,
    user_id         uuid NOT NULL REFERENCES public.user_billing_info (user_id),
    plan_id         uuid NOT NULL REFERENCES public.billing_plans (id),
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    amount_excl_tax numeric(10,2) NOT NULL,
    tax_amount      numeric(10,2) NOT NULL DEFAULT 0,
    amount_total    numeric(10,2) NOT NULL,
    currency        char(3) NOT NULL DEFAULT 'EUR',
    status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    line_items      jsonb NOT NULL DEFAULT '[]',
    issued_at       timestamptz,
    paid_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, period_start)
);

CREATE TABLE public.monthly_usage_tracking (
    user_id           uuid NOT NULL,
    month             date NOT NULL CHECK (extract(day FROM month) = 1),
    request_count     integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    quota_exceeded_at timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, month)
);

CREATE TABLE public.quota_audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      uuid NOT NULL,
    action       text NOT NULL
                 CHECK (action IN ('quota_set', 'quota_raised', 'quota_exceeded', 'quota_reset')),
    old_quota    integer,
    new_quota    integer,
    reason       text,
    performed_by uuid,
    details      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_audit_log_user_id_created_at_idx ON public.quota_audit_log (user_id, created_at);

-- ---------------------------------------------------------------------------
-- OpenAI usage and costs
-- ---------------------------------------------------------------------------

CREATE TABLE public.openai_api_calls (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id        text UNIQUE,
    user_id           uuid,
    endpoint          text NOT NULL,
    model             text NOT NULL,
    prompt_tokens     integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL DEFAULT 0,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    latency_ms        integer,
    status_code       smallint,
    error_message     text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX openai_api_calls_user_id_created_at_idx ON public.openai_api_calls (user_id, created_at);

CREATE TABLE public.openai_usage (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           uuid NOT NULL,
    usage_date        date NOT NULL,
    model             text NOT NULL,
    request_count     integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    total_tokens      bigint GENERATED ALWAYS AS (prompt_tokens + completion_tokens) STORED,
    cost_usd          numeric(12,6) NOT NULL DEFAULT 0,
    UNIQUE (user_id, usage_date, model)
);

CREATE TABLE public.openai_costs_cache (
    model                     text PRIMARY KEY,
    input_cost_per_1k_tokens  numeric(10,6) NOT NULL,
    output_cost_per_1k_tokens numeric(10,6) NOT NULL,
    currency                  char(3) NOT NULL DEFAULT 'USD',
    source                    text,
    fetched_at                timestamptz NOT NULL DEFAULT now(),
    expires_at                timestamptz NOT NULL
);

CREATE TABLE public.daily_openai_summary (
    summary_date      date NOT NULL,
    model             text NOT NULL,
    request_count     integer NOT NULL DEFAULT 0,
    error_count       integer NOT NULL DEFAULT 0,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    total_cost_usd    numeric(12,6) NOT NULL DEFAULT 0,
    avg_latency_ms    numeric(10,2),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (summary_date, model)
);

-- ---------------------------------------------------------------------------
-- Caches and dashboard statistics
-- ---------------------------------------------------------------------------

CREATE TABLE public.analytics_cache (
    cache_key   text PRIMARY KEY,
    payload     jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

CREATE TABLE public.statistics_cache (
    id          serial PRIMARY KEY,
    stat_name   text NOT NULL,
    scope       text NOT NULL DEFAULT 'global',
    value       jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    ttl_seconds integer NOT NULL DEFAULT 300,
    UNIQUE (stat_name, scope)
);

CREATE TABLE public.dashboard_stats_lite (
    id                    smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),  -- a single row
    total_users           integer NOT NULL,
    active_users_7d       integer NOT NULL,
    total_conversations   integer NOT NULL,
    conversations_today   integer NOT NULL,
    openai_cost_month_usd numeric(12,2) NOT NULL,
    refreshed_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.dashboard_stats_snapshot (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    snapshot_date date NOT NULL UNIQUE,
    stats         jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Operations
-- ---------------------------------------------------------------------------

CREATE TABLE public.server_performance_metrics (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    host                text NOT NULL,
    cpu_percent         numeric(5,2),
    memory_used_mb      integer,
    db_connections      integer,
    p50_latency_ms      numeric(10,2),
    p95_latency_ms      numeric(10,2),
    requests_per_minute integer,
    extra               jsonb
);
CREATE INDEX server_performance_metrics_recorded_at_idx
    ON public.server_performance_metrics USING brin (recorded_at);

CREATE TABLE public.system_errors (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    severity    text NOT NULL DEFAULT 'error' CHECK (severity IN ('warning', 'error', 'critical')),
    source      text NOT NULL,
    error_code  text,
    message     text NOT NULL,
    stack_trace text,
    context     jsonb NOT NULL DEFAULT '{}',
    user_id     uuid,
    resolved    boolean NOT NULL DEFAULT false,
    resolved_at timestamptz
);
CREATE INDEX system_errors_unresolved_idx ON public.system_errors (occurred_at) WHERE NOT resolved;

CREATE TABLE public.user_sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL,  -- a Supabase auth.users id
    started_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip_address   inet,
    user_agent   text,
    metadata     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX user_sessions_user_id_idx ON public.user_sessions (user_id);

-- ---------------------------------------------------------------------------
-- Obsolete tables: invitations moved to Supabase; the caches are unused
-- ---------------------------------------------------------------------------

CREATE TABLE public.invitations (
    id         text PRIMARY KEY,
    email      text NOT NULL,
    invited_by text,
    token      text NOT NULL UNIQUE,
    status     text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz
);

CREATE TABLE public.invitations_cache (
    email         text PRIMARY KEY,
    invitation_id text REFERENCES public.invitations (id),
    payload       jsonb NOT NULL,
    cached_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.questions_cache (
    question_hash text PRIMARY KEY,
    question      text NOT NULL,
    response      text NOT NULL,
    model         text,
    hit_count     integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_hit_at   timestamptz
);

-- ===========================================================================
-- Data
-- ===========================================================================

-- Conversations (legacy): every id, session_id and user_id is a valid lower-case UUID string.
INSERT INTO public.conversations (id, session_id, user_id, question, response, preview, created_at, updated_at) VALUES
    ('1ee1b20b-22c5-4521-ab29-83abe4f800ff', 'f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'How do I convert a text column to uuid in PostgreSQL?',
     'Use ALTER TABLE ... ALTER COLUMN id TYPE uuid USING id::uuid. Check first that every value is a valid UUID, otherwise the cast fails and the whole statement is rolled back.',
     'Use ALTER TABLE ... ALTER COLUMN id TYPE uuid USING id::uuid. Check first tha...',
     '2025-08-04 08:12:31+00', '2025-08-04 08:12:42+00'),
    ('d59f53ca-f44f-4a93-a5e4-33c4f52d362c', 'f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'What does ON DELETE CASCADE do on a foreign key?',
     'When a referenced row is deleted, the rows that reference it are deleted too. Deleting a conversation then deletes its messages.',
     'When a referenced row is deleted, the rows that reference it are deleted too....',
     '2025-08-04 08:20:02+00', '2025-08-04 08:20:09+00'),
    ('5edbcc86-0497-4a0b-9ace-caec12da8a0f', '72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'Can you summarise the benefits of a monthly billing plan?',
     'A monthly plan gives a predictable cost, a usage quota that resets every month, and invoices you can reconcile with your accounting.',
     'A monthly plan gives a predictable cost, a usage quota that resets every mont...',
     '2025-08-06 14:03:55+00', '2025-08-06 14:04:09+00'),
    ('690e94d3-7513-4cea-912c-01b37a5f0075', '72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'What''s the difference between prompt tokens and completion tokens?',
     'Prompt tokens are the tokens you send (instructions, context, the question); completion tokens are the ones the model generates. They are usually priced differently.',
     'Prompt tokens are the tokens you send (instructions, context, the question);...',
     '2025-08-06 14:09:40+00', '2025-08-06 14:09:50+00'),
    ('514eb5fb-d0c9-4197-b48c-755bb7b3456e', '8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Écris-moi un haïku sur l''automne.',
     'Feuilles qui tournoient,
le vent compte ses pièces d''or —
le parc se dépouille.',
     'Feuilles qui tournoient,
le vent compte ses pièces d''or —
le parc se dépouille.',
     '2025-08-11 09:45:12+00', '2025-08-11 09:45:18+00'),
    ('a7d3136c-b049-4a27-b06b-6daaae823a7d', '8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Translate "see you tomorrow" into Spanish and German.',
     'Spanish: "hasta mañana". German: "bis morgen".',
     'Spanish: "hasta mañana". German: "bis morgen".',
     '2025-08-11 09:51:30+00', '2025-08-11 09:51:43+00'),
    ('187d9fc3-e156-408a-9471-035008c88b1c', '75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'Why is my Python list comprehension slower than map()?',
     'It usually is not: for a lambda, map() pays a function call per item just like the comprehension. Measure with timeit; differences under 10% are noise.',
     'It usually is not: for a lambda, map() pays a function call per item just lik...',
     '2025-08-19 17:30:00+00', '2025-08-19 17:30:09+00'),
    ('5e84f7d4-6157-4d1e-bbf6-a5a60f430c93', '75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'How do I read a CSV file with pandas and skip the first two rows?',
     'pd.read_csv("data.csv", skiprows=2) skips the first two lines; pass header=None if the file has no header row after them.',
     'pd.read_csv("data.csv", skiprows=2) skips the first two lines; pass header=No...',
     '2025-08-19 17:42:18+00', '2025-08-19 17:42:23+00'),
    ('c323360e-0622-430e-9897-ab7cc1a7a3de', 'a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'Give me three ideas for a team offsite in October.',
     '1. A cooking class followed by a shared dinner.
2. A guided hike with a picnic.
3. A half-day workshop on the roadmap, then an escape room.',
     '1. A cooking class followed by a shared dinner.
2. A guided hike with a picni...',
     '2025-08-25 11:02:47+00', '2025-08-25 11:02:59+00'),
    ('9a4a314a-887e-4a67-ab02-ff8dfa76c960', 'a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'What is a good way to structure a weekly status email?',
     'Three short sections: done this week, planned next week, blockers or decisions needed. Lead with what the reader must act on.',
     'Three short sections: done this week, planned next week, blockers or decision...',
     '2025-08-25 11:15:09+00', '2025-08-25 11:15:17+00'),
    ('db64c24d-e023-4bea-8c86-8cc40cea6bd4', '41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'Explain what a PostgreSQL trigger FOR EACH ROW is.',
     'A row-level trigger runs its function once per affected row, with NEW and OLD holding the row''s values; an AFTER trigger sees the row already written.',
     'A row-level trigger runs its function once per affected row, with NEW and OLD...',
     '2025-09-02 07:58:21+00', '2025-09-02 07:58:25+00'),
    ('cd98c138-601a-4535-a51d-760e4211a500', '41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58',
     'How should I index a messages table that I read by conversation in order?',
     'A btree index on (conversation_id, created_at) serves both the filter and the order; add a tiebreak column if several messages can share a timestamp.',
     'A btree index on (conversation_id, created_at) serves both the filter and the...',
     '2025-09-02 08:05:44+00', '2025-09-02 08:05:55+00'),
    ('1c0b2f60-e229-4484-be3a-d9aff87ea81f', 'f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'Is it safe to store invoice amounts as float?',
     'No: binary floats cannot represent most decimal amounts exactly. Use numeric with a fixed scale, e.g. numeric(10,2), or integer cents.',
     'No: binary floats cannot represent most decimal amounts exactly. Use numeric...',
     '2025-09-09 16:21:37+00', '2025-09-09 16:21:44+00'),
    ('d51b2208-82d9-4992-b392-e7081b94e93e', 'f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834',
     'What does VAT reverse charge mean for B2B invoices in the EU?',
     'The customer, not the supplier, accounts for the VAT. The invoice shows no VAT and mentions "reverse charge" with both parties'' VAT numbers.',
     'The customer, not the supplier, accounts for the VAT. The invoice shows no VA...',
     '2025-09-09 16:33:03+00', '2025-09-09 16:33:17+00'),
    ('30954e99-680f-4a41-961e-4b7f873d75c1', 'd861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Suggest a name for a cat who likes to sleep in boxes.',
     'Carton, Parcel, or Box Office.',
     'Carton, Parcel, or Box Office.',
     '2025-09-15 10:10:10+00', '2025-09-15 10:10:20+00'),
    ('07b303a7-b25c-41ac-88bb-531a32c31db0', 'ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'Why does my Docker container exit immediately?',
     'Its main process finished. A container lives as long as PID 1; run a long-lived foreground process, or check `docker logs` for the error that ended it.',
     'Its main process finished. A container lives as long as PID 1; run a long-liv...',
     '2025-09-22 19:04:26+00', '2025-09-22 19:04:32+00'),
    ('f44872e1-84af-4105-8c01-97b198c31795', 'ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e',
     'How do I keep a pandas DataFrame''s index when saving to Parquet?',
     'df.to_parquet("out.parquet", index=True) stores the index; read_parquet restores it.',
     'df.to_parquet("out.parquet", index=True) stores the index; read_parquet resto...',
     '2025-09-22 19:12:55+00', '2025-09-22 19:13:08+00'),
    ('32fe4e25-d7b3-4cec-80e7-d0dc6dced5e3', 'e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'Rewrite this sentence to be more concise: "At this point in time we are not in a position to confirm."',
     '"We cannot confirm yet."',
     '"We cannot confirm yet."',
     '2025-10-01 13:37:00+00', '2025-10-01 13:37:09+00'),
    ('d2e53fc4-28b7-47b7-aab1-ce031cb05d3a', 'e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794',
     'What are the OpenAI rate limits measured in?',
     'Requests per minute and tokens per minute, per model and per organisation; hitting either returns HTTP 429.',
     'Requests per minute and tokens per minute, per model and per organisation; hi...',
     '2025-10-06 09:00:12+00', '2025-10-06 09:00:17+00'),
    ('6bad8403-60d7-4a65-887b-2c2670652db2', 'd861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328',
     'Can you explain what an idempotent migration is?',
     'A migration you can run twice with the same result: the second run finds nothing to do. Guard inserts with NOT EXISTS and DDL with IF NOT EXISTS.',
     'A migration you can run twice with the same result: the second run finds noth...',
     '2025-10-09 21:48:33+00', '2025-10-09 21:48:45+00');

-- Billing
INSERT INTO public.billing_plans (id, code, name, monthly_price, currency, monthly_request_quota, monthly_token_quota, features, is_active, created_at) VALUES
    ('eef64b50-aa8b-4b2d-a70f-edbe8f99270d', 'free', 'Free', 0.00, 'EUR', 100, 200000, '{"models": ["gpt-4o-mini"], "history_days": 30}', true, '2025-06-01 00:00:00+00'),
    ('ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'pro', 'Pro', 19.90, 'EUR', 3000, 6000000, '{"models": ["gpt-4o-mini", "gpt-4o"], "history_days": 365}', true, '2025-06-01 00:00:00+00'),
    ('49ed0a90-f14c-43ae-b7e0-f5e514f7d524', 'team', 'Team', 79.00, 'EUR', NULL, NULL, '{"models": ["gpt-4o-mini", "gpt-4o"], "history_days": null, "seats": 10}', true, '2025-06-01 00:00:00+00');

INSERT INTO public.user_billing_info (user_id, plan_id, stripe_customer_id, billing_email, country_code, vat_number, current_period_start, current_period_end, created_at, updated_at) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', 'cus_R4nd0mAl1ce', 'alice.martin@example.com', 'FR', 'FR40123456789', '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'cus_Br8n0Lef3vre', 'bruno.lefevre@example.com', 'FR', NULL, '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('2adc6444-4040-40cd-b98d-70f5b883d27e', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', 'cus_D4v1dNgy3n', 'david.nguyen@example.com', 'BE', 'BE0123456749', '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'eef64b50-aa8b-4b2d-a70f-edbe8f99270d', NULL, 'emma.schmidt@example.com', 'DE', NULL, '2025-10-01', '2025-10-31', '2025-07-15 10:00:00+00', '2025-10-01 00:00:05+00');

INSERT INTO public.monthly_invoices (id, invoice_number, user_id, plan_id, period_start, period_end, amount_excl_tax, tax_amount, amount_total, currency, status, line_items, issued_at, paid_at, created_at) VALUES
    ('7b7b3f14-62a3-48b8-8908-3905fe024a8f', 'INV-2025-08-0001', '100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', '2025-08-01', '2025-08-31', 79.00, 0.00, 79.00, 'EUR', 'paid', '[{"description": "Team plan, 2025-08", "amount": 79.00}]', '2025-09-01 00:10:00+00', '2025-09-03 08:12:44+00', '2025-09-01 00:10:00+00'),
    ('6fcd0ee1-19cc-4842-8940-f85f82f8cad3', 'INV-2025-08-0002', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-08-01', '2025-08-31', 19.90, 3.98, 23.88, 'EUR', 'paid', '[{"description": "Pro plan, 2025-08", "amount": 19.90}]', '2025-09-01 00:10:01+00', '2025-09-01 09:30:12+00', '2025-09-01 00:10:01+00'),
    ('b557df93-8f66-4766-82a7-86077cec6d5e', 'INV-2025-09-0001', '100120dc-f29e-4a58-95d6-e5acb5596e58', '49ed0a90-f14c-43ae-b7e0-f5e514f7d524', '2025-09-01', '2025-09-30', 79.00, 0.00, 79.00, 'EUR', 'paid', '[{"description": "Team plan, 2025-09", "amount": 79.00}]', '2025-10-01 00:10:00+00', '2025-10-02 07:45:00+00', '2025-10-01 00:10:00+00'),
    ('50ca6aab-47d4-4487-8600-b22f330d9088', 'INV-2025-09-0002', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-09-01', '2025-09-30', 19.90, 3.98, 23.88, 'EUR', 'open', '[{"description": "Pro plan, 2025-09", "amount": 19.90}]', '2025-10-01 00:10:01+00', NULL, '2025-10-01 00:10:01+00'),
    ('ec6a731d-5e4a-4b8a-bb7e-f19b5cabc9a6', 'INV-2025-09-0003', '2adc6444-4040-40cd-b98d-70f5b883d27e', 'ac303f58-2f3c-4a79-ae45-248dbe4fe261', '2025-09-01', '2025-09-30', 19.90, 0.00, 19.90, 'EUR', 'open', '[{"description": "Pro plan, 2025-09", "amount": 19.90}]', '2025-10-01 00:10:02+00', NULL, '2025-10-01 00:10:02+00');

INSERT INTO public.monthly_usage_tracking (user_id, month, request_count, prompt_tokens, completion_tokens, cost_usd, quota_exceeded_at, updated_at) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-09-01', 412, 183204, 96512, 1.842310, NULL, '2025-09-30 23:59:00+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-09-01', 388, 150977, 80123, 0.094512, NULL, '2025-09-30 23:59:00+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', '2025-09-01', 100, 41200, 20877, 0.018630, '2025-09-27 16:04:11+00', '2025-09-30 23:59:00+00'),
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-10-01', 97, 40311, 21004, 0.402218, NULL, '2025-10-10 18:00:00+00'),
    ('2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-10-01', 58, 22017, 9120, 0.008071, NULL, '2025-10-10 18:00:00+00');

INSERT INTO public.quota_audit_log (user_id, action, old_quota, new_quota, reason, performed_by, details, created_at) VALUES
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_set', NULL, 100, 'signup on the free plan', NULL, '{}', '2025-08-20 12:00:00+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_exceeded', 100, 100, NULL, NULL, '{"request_count": 101}', '2025-09-27 16:04:11+00'),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', 'quota_reset', 100, 100, 'new billing month', NULL, '{}', '2025-10-01 00:00:03+00'),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'quota_raised', 3000, 4000, 'support ticket #4521', '100120dc-f29e-4a58-95d6-e5acb5596e58', '{"ticket": 4521}', '2025-09-12 10:21:00+00');

-- OpenAI usage and costs
INSERT INTO public.openai_api_calls (request_id, user_id, endpoint, model, prompt_tokens, completion_tokens, cost_usd, latency_ms, status_code, error_message, created_at) VALUES
    ('req_8f3a1c20d4', '100120dc-f29e-4a58-95d6-e5acb5596e58', '/v1/chat/completions', 'gpt-4o', 412, 188, 0.002910, 1840, 200, NULL, '2025-10-09 08:01:12+00'),
    ('req_8f3a1c20d5', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '/v1/chat/completions', 'gpt-4o-mini', 350, 122, 0.000126, 912, 200, NULL, '2025-10-09 08:03:40+00'),
    ('req_8f3a1c20d6', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '/v1/chat/completions', 'gpt-4o-mini', 298, 64, 0.000083, 750, 200, NULL, '2025-10-09 21:48:35+00'),
    ('req_8f3a1c20d7', '2adc6444-4040-40cd-b98d-70f5b883d27e', '/v1/chat/completions', 'gpt-4o-mini', 0, 0, 0, 30012, 504, 'upstream timeout', '2025-10-10 07:12:00+00'),
    ('req_8f3a1c20d8', 'a24a7128-6fab-44d5-96e3-c818986d1794', '/v1/chat/completions', 'gpt-4o-mini', 401, 97, 0.000118, 1022, 200, NULL, '2025-10-10 09:00:14+00'),
    ('req_8f3a1c20d9', NULL, '/v1/embeddings', 'text-embedding-3-small', 1200, 0, 0.000024, 210, 200, NULL, '2025-10-10 09:05:00+00');

INSERT INTO public.openai_usage (user_id, usage_date, model, request_count, prompt_tokens, completion_tokens, cost_usd) VALUES
    ('100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-10-09', 'gpt-4o', 14, 5230, 2410, 0.037175),
    ('0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-10-09', 'gpt-4o-mini', 9, 3011, 1302, 0.001233),
    ('c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-10-09', 'gpt-4o-mini', 3, 902, 210, 0.000261),
    ('a24a7128-6fab-44d5-96e3-c818986d1794', '2025-10-10', 'gpt-4o-mini', 5, 1940, 520, 0.000603);

INSERT INTO public.openai_costs_cache (model, input_cost_per_1k_tokens, output_cost_per_1k_tokens, currency, source, fetched_at, expires_at) VALUES
    ('gpt-4o', 0.002500, 0.010000, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00'),
    ('gpt-4o-mini', 0.000150, 0.000600, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00'),
    ('text-embedding-3-small', 0.000020, 0.000000, 'USD', 'pricing page', '2025-10-10 00:00:00+00', '2025-10-17 00:00:00+00');

INSERT INTO public.daily_openai_summary (summary_date, model, request_count, error_count, prompt_tokens, completion_tokens, total_cost_usd, avg_latency_ms, created_at) VALUES
    ('2025-10-08', 'gpt-4o', 31, 0, 11873, 5206, 0.081743, 1712.40, '2025-10-09 00:05:00+00'),
    ('2025-10-08', 'gpt-4o-mini', 118, 2, 40172, 15530, 0.015344, 884.10, '2025-10-09 00:05:00+00'),
    ('2025-10-09', 'gpt-4o', 27, 0, 10112, 4489, 0.070170, 1655.00, '2025-10-10 00:05:00+00'),
    ('2025-10-09', 'gpt-4o-mini', 131, 1, 45520, 17016, 0.017038, 902.75, '2025-10-10 00:05:00+00');

-- Caches and dashboard statistics
INSERT INTO public.analytics_cache (cache_key, payload, computed_at, expires_at) VALUES
    ('conversations_per_day:2025-10', '{"2025-10-01": 1, "2025-10-06": 1, "2025-10-09": 1}', '2025-10-10 18:00:00+00', '2025-10-10 19:00:00+00'),
    ('top_models:30d', '[{"model": "gpt-4o-mini", "share": 0.81}, {"model": "gpt-4o", "share": 0.19}]', '2025-10-10 18:00:00+00', '2025-10-11 18:00:00+00');

INSERT INTO public.statistics_cache (stat_name, scope, value, computed_at, ttl_seconds) VALUES
    ('total_conversations', 'global', '20', '2025-10-10 18:00:00+00', 300),
    ('active_users_7d', 'global', '5', '2025-10-10 18:00:00+00', 300),
    ('conversations', 'user:100120dc-f29e-4a58-95d6-e5acb5596e58', '4', '2025-10-10 18:00:00+00', 600);

INSERT INTO public.dashboard_stats_lite (id, total_users, active_users_7d, total_conversations, conversations_today, openai_cost_month_usd, refreshed_at) VALUES
    (1, 5, 4, 20, 0, 0.44, '2025-10-10 18:00:00+00');

INSERT INTO public.dashboard_stats_snapshot (snapshot_date, stats, created_at) VALUES
    ('2025-09-30', '{"users": 5, "conversations": 16, "openai_cost_usd": 1.96, "errors": 1}', '2025-10-01 00:15:00+00'),
    ('2025-10-07', '{"users": 5, "conversations": 19, "openai_cost_usd": 0.31, "errors": 0}', '2025-10-08 00:15:00+00');

-- Operations
INSERT INTO public.server_performance_metrics (recorded_at, host, cpu_percent, memory_used_mb, db_connections, p50_latency_ms, p95_latency_ms, requests_per_minute, extra) VALUES
    ('2025-10-10 09:00:00+00', 'api-1', 23.50, 812, 14, 180.00, 1620.50, 42, NULL),
    ('2025-10-10 09:00:00+00', 'api-2', 19.75, 790, 12, 175.25, 1588.00, 39, NULL),
    ('2025-10-10 09:05:00+00', 'api-1', 61.20, 1044, 22, 240.00, 2410.75, 96, '{"note": "traffic spike"}'),
    ('2025-10-10 09:05:00+00', 'api-2', 58.90, 1012, 21, 236.50, 2388.00, 91, NULL);

INSERT INTO public.system_errors (occurred_at, severity, source, error_code, message, stack_trace, context, user_id, resolved, resolved_at) VALUES
    ('2025-09-14 03:12:45+00', 'critical', 'database', '42804', 'foreign key constraint "messages_conversation_id_fkey" cannot be implemented', NULL, '{"script": "create_messages_table.sql"}', NULL, false, NULL),
    ('2025-10-10 07:12:00+00', 'error', 'openai', '504', 'upstream timeout after 30000 ms', NULL, '{"request_id": "req_8f3a1c20d7"}', '2adc6444-4040-40cd-b98d-70f5b883d27e', true, '2025-10-10 07:20:00+00'),
    ('2025-10-10 09:05:30+00', 'warning', 'api', NULL, 'p95 latency above 2000 ms', NULL, '{"host": "api-1"}', NULL, true, '2025-10-10 09:15:00+00');

INSERT INTO public.user_sessions (id, user_id, started_at, last_seen_at, expires_at, ip_address, user_agent, metadata) VALUES
    ('f9a084bf-02b8-410c-a6ba-f00ac68680c5', '100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-08-01 08:00:00+00', '2025-08-26 08:00:00+00', '2025-08-31 08:00:00+00', '203.0.113.11', 'Mozilla/5.0', '{"client": "web"}'),
    ('41cf6293-d0d7-406a-9763-990147f5047e', '100120dc-f29e-4a58-95d6-e5acb5596e58', '2025-09-01 08:00:00+00', '2025-09-26 08:00:00+00', '2025-10-01 08:00:00+00', '203.0.113.12', 'Mozilla/5.0', '{"client": "web"}'),
    ('72395b35-0168-4a88-a114-c7a0b97c9a33', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-08-01 09:00:00+00', '2025-08-26 09:00:00+00', '2025-08-31 09:00:00+00', '203.0.113.21', 'Mozilla/5.0', '{"client": "web"}'),
    ('f47539c2-7b8b-427d-8500-9feee416168e', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', '2025-09-01 09:00:00+00', '2025-09-26 09:00:00+00', '2025-10-01 09:00:00+00', '203.0.113.22', 'Mozilla/5.0', '{"client": "web"}'),
    ('8d0edefc-5619-4af4-9be5-7f2bd14f9a3f', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-08-01 10:00:00+00', '2025-08-26 10:00:00+00', '2025-08-31 10:00:00+00', '203.0.113.31', 'Mozilla/5.0', '{"client": "web"}'),
    ('d861668a-7dcf-4ad0-a687-bfeacd972ab4', 'c3076b69-c9b9-4605-bfcd-1c47958a8328', '2025-09-01 10:00:00+00', '2025-09-26 10:00:00+00', '2025-10-01 10:00:00+00', '203.0.113.32', 'Mozilla/5.0', '{"client": "web"}'),
    ('75c0d4e4-be57-40f3-9815-e4d8cdead94a', '2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-08-01 11:00:00+00', '2025-08-26 11:00:00+00', '2025-08-31 11:00:00+00', '203.0.113.41', 'Mozilla/5.0', '{"client": "web"}'),
    ('ff04f03d-405b-4e39-ad51-45b3ad757cae', '2adc6444-4040-40cd-b98d-70f5b883d27e', '2025-09-01 11:00:00+00', '2025-09-26 11:00:00+00', '2025-10-01 11:00:00+00', '203.0.113.42', 'Mozilla/5.0', '{"client": "web"}'),
    ('a0e3c55d-8088-4a20-84fb-c3c886b7b820', 'a24a7128-6fab-44d5-96e3-c818986d1794', '2025-08-01 12:00:00+00', '2025-08-26 12:00:00+00', '2025-08-31 12:00:00+00', '203.0.113.51', 'Mozilla/5.0', '{"client": "web"}'),
    ('e2e8d47d-fa94-4946-80a2-045305ab6ea1', 'a24a7128-6fab-44d5-96e3-c818986d1794', '2025-09-01 12:00:00+00', '2025-09-26 12:00:00+00', '2025-10-01 12:00:00+00', '203.0.113.52', 'Mozilla/5.0', '{"client": "web"}');

-- Obsolete tables (their rows are not migrated: invitations now live in Supabase)
INSERT INTO public.invitations (id, email, invited_by, token, status, created_at, expires_at) VALUES
    ('inv-3a0642a4', 'frank.moreau@example.com', '100120dc-f29e-4a58-95d6-e5acb5596e58', '9c1e5b7a04d2', 'pending', '2025-10-02 10:00:00+00', '2025-10-09 10:00:00+00'),
    ('inv-6bbbd258', 'gina.rossi@example.com', '100120dc-f29e-4a58-95d6-e5acb5596e58', '3f70aa21c9be', 'accepted', '2025-08-18 09:00:00+00', '2025-08-25 09:00:00+00'),
    ('inv-78ebbe0d', 'hugo.petit@example.com', '0f76e67c-d6f8-4e51-9c0d-7629e1bc1834', 'b58d0e6f1a37', 'expired', '2025-07-30 15:30:00+00', '2025-08-06 15:30:00+00');

INSERT INTO public.invitations_cache (email, invitation_id, payload, cached_at) VALUES
    ('frank.moreau@example.com', 'inv-3a0642a4', '{"status": "pending", "token": "9c1e5b7a04d2"}', '2025-10-02 10:00:00+00'),
    ('gina.rossi@example.com', 'inv-6bbbd258', '{"status": "accepted", "token": "3f70aa21c9be"}', '2025-08-18 09:00:00+00');

INSERT INTO public.questions_cache (question_hash, question, response, model, hit_count, created_at, last_hit_at) VALUES
    ('d7f37cff3b3b961b5bbf4bfcf7977a4011db21b95a4aa91602c940179a92a37f', 'How do I convert a text column to uuid in PostgreSQL?', 'Use ALTER TABLE ... ALTER COLUMN id TYPE uuid USING id::uuid. Check first that every value is a valid UUID, otherwise the cast fails and the whole statement is rolled back.', 'gpt-4o-mini', 7, '2025-08-04 12:00:00+00', '2025-10-01 12:00:00+00'),
    ('b9d70237e10e27d741d72add7e0558c933f7feda9394c2caf5630167af7c1db0', 'Is it safe to store invoice amounts as float?', 'No: binary floats cannot represent most decimal amounts exactly. Use numeric with a fixed scale, e.g. numeric(10,2), or integer cents.', 'gpt-4o-mini', 3, '2025-08-05 12:00:00+00', '2025-10-02 12:00:00+00'),
    ('f4a230dea2aece8536eb6f6288bdb44096758fae62b951b2cfd6abc1859d659a', 'What is PostgreSQL?', 'An open-source object-relational database system.', 'gpt-4o-mini', 12, '2025-08-06 12:00:00+00', '2025-10-03 12:00:00+00');
