"""Webhooks on publish, unpublish and delete of knowledge-base pages.

- ``outbox``: the signal receivers write one delivery per interested webhook, in the
  transaction of the change, and hand them to the task framework after commit.
- ``sending``: one attempt at a delivery (signed POST, logged), and the retry schedule.
- ``targets``: which addresses may receive webhooks (no internal or metadata addresses).
- ``payload``: what is sent and how it is signed.
- ``views``: the admin (webhooks and their delivery log).
"""
