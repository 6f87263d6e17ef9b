/** The ledger in DynamoDB, through the AWS SDK's own client: the module's only AWS imports. */
package dev.permalinker.ledger.aws;
