package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the naming table: method, bucket, key, query parameter names, copy source, and the name. */
@Timeout(10)
class S3OperationsTest {
  @ParameterizedTest(name = "{0} /{1}/{2}?{3} copy={4} is {5}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "GET    | -   | - | -                  | false | ListBuckets",
      "PUT    | -   | - | -                  | false | PUT /",
      "GET    | bkt | - | list-type,prefix   | false | ListObjectsV2",
      "GET    | bkt | - | uploads            | false | ListMultipartUploads",
      "GET    | bkt | - | location           | false | GetBucketLocation",
      "GET    | bkt | - | versions           | false | ListObjectVersions",
      "GET    | bkt | - | prefix             | false | ListObjects",
      "HEAD   | bkt | - | -                  | false | HeadBucket",
      "PUT    | bkt | - | -                  | false | CreateBucket",
      "PUT    | bkt | - | versioning         | false | PutBucketVersioning",
      "DELETE | bkt | - | -                  | false | DeleteBucket",
      "DELETE | bkt | - | policy             | false | DeleteBucketPolicy",
      "POST   | bkt | - | delete             | false | DeleteObjects",
      "POST   | bkt | - | -                  | false | POST bucket",
      "PATCH  | bkt | - | -                  | false | PATCH bucket",
      "GET    | bkt | k | -                  | false | GetObject",
      "GET    | bkt | k | uploadId           | false | ListParts",
      "GET    | bkt | k | tagging            | false | GetObjectTagging",
      "HEAD   | bkt | k | -                  | false | HeadObject",
      "PUT    | bkt | k | -                  | false | PutObject",
      "PUT    | bkt | k | -                  | true  | CopyObject",
      "PUT    | bkt | k | tagging            | false | PutObjectTagging",
      "PUT    | bkt | k | partNumber,uploadId | false | UploadPart",
      "PUT    | bkt | k | partNumber,uploadId | true  | UploadPartCopy",
      "PUT    | bkt | k | partNumber         | false | PutObject",
      "POST   | bkt | k | uploads            | false | CreateMultipartUpload",
      "POST   | bkt | k | uploadId           | false | CompleteMultipartUpload",
      "POST   | bkt | k | -                  | false | POST object",
      "DELETE | bkt | k | uploadId           | false | AbortMultipartUpload",
      "DELETE | bkt | k | -                  | false | DeleteObject",
      "PATCH  | bkt | k | -                  | false | PATCH object",
  })
  void namesEveryOperationAsTheApiReferenceDoes(String method, String bucket, String key, String query,
      boolean copy, String name) {
    Set<String> parameters = query == null ? Set.of() : Set.of(query.split(","));
    assertThat(S3Operations.name(method, bucket == null ? "" : bucket, key == null ? "" : key, parameters, copy))
        .isEqualTo(name);
  }
}
