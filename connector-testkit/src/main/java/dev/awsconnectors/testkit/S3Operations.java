package dev.awsconnectors.testkit;

import java.util.Set;

/**
 * The name of an S3 operation, as the API reference spells it, from a path-style request: its method, bucket, key,
 * query parameter names and whether it copies from another object. A pure function, so that {@link FaultProxy}
 * rules can pick requests by operation. Requests no name fits get the method and what they address ({@code POST
 * object}).
 */
final class S3Operations {
  private S3Operations() {}

  static String name(String method, String bucket, String key, Set<String> query, boolean copySource) {
    if (bucket.isEmpty()) {
      return method.equals("GET") ? "ListBuckets" : method + " /";
    }
    if (key.isEmpty()) {
      return switch (method) {
        case "GET" -> query.contains("list-type") ? "ListObjectsV2"
            : query.contains("uploads") ? "ListMultipartUploads"
            : query.contains("location") ? "GetBucketLocation"
            : query.contains("versions") ? "ListObjectVersions" : "ListObjects";
        case "HEAD" -> "HeadBucket";
        case "PUT" -> query.isEmpty() ? "CreateBucket" : "PutBucket" + capitalised(query);
        case "DELETE" -> query.isEmpty() ? "DeleteBucket" : "DeleteBucket" + capitalised(query);
        case "POST" -> query.contains("delete") ? "DeleteObjects" : "POST bucket";
        default -> method + " bucket";
      };
    }
    return switch (method) {
      case "GET" -> query.contains("uploadId") ? "ListParts"
          : query.contains("tagging") ? "GetObjectTagging" : "GetObject";
      case "HEAD" -> "HeadObject";
      case "PUT" -> query.contains("partNumber") && query.contains("uploadId")
          ? (copySource ? "UploadPartCopy" : "UploadPart")
          : copySource ? "CopyObject" : query.contains("tagging") ? "PutObjectTagging" : "PutObject";
      case "POST" -> query.contains("uploads") ? "CreateMultipartUpload"
          : query.contains("uploadId") ? "CompleteMultipartUpload" : "POST object";
      case "DELETE" -> query.contains("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
      default -> method + " object";
    };
  }

  private static String capitalised(Set<String> query) {
    String first = query.stream().sorted().findFirst().orElse("");
    return first.isEmpty() ? "" : Character.toUpperCase(first.charAt(0)) + first.substring(1);
  }
}
