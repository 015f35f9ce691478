# -*- encoding: utf-8 -*-
# stub: tricky 9.9.9 ruby lib
# Gem::Specification.new do |fake|
=begin
Gem::Specification.new do |s|
  s.version = "0.0.1"
=end
Gem::Specification.new do |spec|
  spec.summary = "a \"quoted\" summary # not a comment"
  spec.description = <<~DESC
    spec.name = "from-heredoc"
    spec.version = "6.6.6"
  DESC
  spec.metadata = { "x" => 'multi
  spec.version = "7.7.7"
  line' }
  spec.names_of_things = ["x"]
  spec.name == "compare"
  spec.name    = 'tricky-gem'.freeze # the real name
  spec.version_extra = "8"
  spec.version = %q(1.2.0.rc1)
  spec.version = "2.0.0"
end
