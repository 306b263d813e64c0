SELECT c.id AS conversation_id,
       c.user_id,
       count(m.id) AS message_count,
       min(m.created_at) AS first_message_at,
       max(m.created_at) AS last_message_at,
       count(m.id) FILTER (WHERE m.role = 'user') AS user_message_count,
       count(m.id) FILTER (WHERE m.role = 'assistant') AS assistant_message_count
  FROM public.conversations AS c
  LEFT JOIN public.messages AS m ON m.conversation_id = c.id
 GROUP BY c.id, c.user_id
