#!/bin/sh
export GH_TOKEN=ghs_FAKE3OFOYq43Q1KBKjNb2FCviSi8jfsWXZJE
gh release create "$TAG"
