//! Exam options are written many ways; each must resolve to the entry it names, and an option
//! that names nothing is kept (listed last as unknown), never dropped.

use svcmatch::index::SearchIndex;
use svcmatch::knowledge::{DataSource, KnowledgeBase};
use svcmatch::rank::{RankOptions, Ranker};
use svcmatch::resolve::{Resolution, resolve, resolve_choice};

fn kb() -> KnowledgeBase {
    KnowledgeBase::load(&DataSource::Embedded).unwrap()
}

fn id_of(kb: &KnowledgeBase, option: &str) -> Option<String> {
    resolve_choice(kb, option).map(|i| kb.entries[i].id.to_string())
}

#[test]
fn options_written_the_ways_exams_write_them_resolve() {
    let kb = kb();
    for (option, id) in [
        ("AWS Key Management Service (AWS KMS)", "kms"),
        ("AWS KMS", "kms"),
        ("Amazon Inspector", "inspector"),
        ("Security groups", "security-groups"),
        ("security group", "security-groups"),
        ("Contact the AWS Abuse team.", "abuse-team"),
        ("Enable MFA on the root user", "mfa"),
        ("Connect with AWS Direct Connect", "direct-connect"),
        ("Config rules that flag unencrypted volumes", "config"),
        ("Use Amazon S3 bucket policies", "s3-bucket-policies"),
        ("AWS Single Sign-On", "iam-identity-center"),
        ("Amazon SageMaker", "sagemaker-ai"),
        ("AWS Shield Advanced", "shield-advanced"),
        (
            "Network access control lists (network ACLs)",
            "network-acls",
        ),
    ] {
        assert_eq!(id_of(&kb, option).as_deref(), Some(id), "option {option:?}");
    }
    assert_eq!(id_of(&kb, "Call the local police"), None);
}

#[test]
fn show_resolves_typos_and_refuses_far_misses() {
    let kb = kb();
    match resolve(&kb, "gaurd duty") {
        Resolution::Near(i, _) => assert_eq!(kb.entries[i].id, "guardduty"),
        other => panic!("{other:?}"),
    }
    match resolve(&kb, "qqqqzzzz") {
        Resolution::Unknown(suggestions) => assert!(suggestions.len() <= 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn multiple_choice_ranks_only_the_options_and_keeps_unknown_ones() {
    let kb = kb();
    let index = SearchIndex::build_in_memory(&kb).unwrap();
    let ranker = Ranker::new(&kb, &index);
    let choices: Vec<String> = [
        "AWS WAF",
        "AWS Shield",
        "Amazon Macie",
        "Hire a penetration tester",
    ]
    .map(String::from)
    .to_vec();
    let answer = ranker
        .ask_choices(
            "A company must block SQL injection and cross-site scripting attempts against its web application. Which service should it use?",
            &choices,
            &RankOptions { top: 10, explain: true },
        )
        .unwrap();
    let ids: Vec<&str> = answer
        .matches
        .iter()
        .map(|m| kb.entries[m.entry].id.as_ref())
        .collect();
    assert_eq!(ids.first(), Some(&"waf"), "{ids:?}");
    assert_eq!(
        ids.len(),
        3,
        "only the resolved options are ranked: {ids:?}"
    );
    assert!(answer.matches.iter().all(|m| m.choice.is_some()));
    assert_eq!(answer.unknown_choices.len(), 1);
    assert_eq!(
        answer.unknown_choices[0].choice,
        "Hire a penetration tester"
    );
}

#[test]
fn the_issue_examples_rank_first() {
    let kb = kb();
    let index = SearchIndex::build_in_memory(&kb).unwrap();
    let ranker = Ranker::new(&kb, &index);
    for (q, id) in [
        ("detect suspicious API calls", "guardduty"),
        ("protect my website from DDoS attacks", "shield"),
        ("discover credit card numbers stored in S3", "macie"),
        ("rotate database passwords automatically", "secrets-manager"),
        ("download a SOC 2 report", "artifact"),
    ] {
        let a = ranker.ask(q, &RankOptions::default()).unwrap();
        assert_eq!(kb.entries[a.matches[0].entry].id, id, "{q}");
        assert!(a.confident, "{q}: confidence {}", a.matches[0].confidence);
    }
}
