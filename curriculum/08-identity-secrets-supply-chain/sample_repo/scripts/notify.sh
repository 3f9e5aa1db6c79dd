#!/bin/sh
# post a message when a deploy finishes
SLACK_TOKEN="xoxb-69900488394-3566866057681-FAKETGYX0KpE36gMhwYXXoMN"
curl -s -H "Authorization: Bearer $SLACK_TOKEN" https://slack.com/api/chat.postMessage
