# The help of `svc config list` in English is the text beside each setting in
# src/config.rs; zh-CN gives its own (value-help-<key, dots as hyphens>) in settings.ftl.
